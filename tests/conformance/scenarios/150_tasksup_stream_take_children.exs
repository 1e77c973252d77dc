# 150 tasksup_stream_take_children
# Rule: a supervised stream stopped early (Enum.take) returns only once its tasks are
#       gone: the supervisor lists no child and counts none active right after it, for
#       async_stream and async_stream_nolink alike, even with max_concurrency at
#       max_children.
# Trace: taken, children [], active 0 (twice per kind), mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf150 do
  def run do
    {:ok, sup} = Task.Supervisor.start_link(max_children: 4)

    work = fn n ->
      Process.sleep(rem(n, 3) * 30 + 30)
      n
    end

    for kind <- [:async_stream, :async_stream_nolink], round <- 1..2 do
      taken =
        apply(Task.Supervisor, kind, [sup, 1..100, work, [max_concurrency: 4]])
        |> Enum.take(3)

      T.p("#{kind}_#{round}_taken", taken)
      T.p("#{kind}_#{round}_children", Task.Supervisor.children(sup))
      T.p("#{kind}_#{round}_active", DynamicSupervisor.count_children(sup).active)
    end

    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf150.run()
T.done()
