# 210 tasksup_async_stream_max_children
# Rule: Task.Supervisor.async_stream within max_children runs; when the supervisor
#       refuses a task (max_concurrency above max_children, or another task holding a
#       slot) the stream kills the tasks it started and raises RuntimeError in the
#       consumer, linked or not; nothing of the stream is left.
# Trace: fits [{:ok, 10}, ..., {:ok, 40}], raised RuntimeError, children_after [],
#        raised_nolink RuntimeError, children_end [:busy], mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf210 do
  def run do
    {:ok, sup} = Task.Supervisor.start_link(max_children: 2)
    T.name(sup, :sup)
    fits = Task.Supervisor.async_stream(sup, 1..4, &(&1 * 10), max_concurrency: 2)
    T.p("fits", Enum.to_list(fits))

    blocked = fn x -> receive do: (:never -> x) end

    try do
      Task.Supervisor.async_stream(sup, 1..4, blocked, max_concurrency: 3) |> Enum.to_list()
      T.say("stream returned")
    rescue
      e -> T.p("raised", e.__struct__)
    end

    Process.sleep(50)
    T.p("children_after", Task.Supervisor.children(sup))
    {:ok, busy} = Task.Supervisor.start_child(sup, fn -> Process.sleep(:infinity) end)
    T.name(busy, :busy)

    try do
      Task.Supervisor.async_stream_nolink(sup, [1, 2], blocked, max_concurrency: 2)
      |> Enum.to_list()

      T.say("stream returned")
    rescue
      e -> T.p("raised_nolink", e.__struct__)
    end

    Process.sleep(50)
    T.p("children_end", Task.Supervisor.children(sup))
    T.flush()
  end
end

T.start()
Conf210.run()
T.done()
