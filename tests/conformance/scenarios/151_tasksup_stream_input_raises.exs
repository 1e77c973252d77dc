# 151 tasksup_stream_input_raises
# Rule: a supervised stream ends its tasks before an error reaches the consumer: when its
#       input raises (for async_stream and async_stream_nolink), and when the supervisor
#       refuses a task at max_children. The supervisor lists no child right after.
# Trace: raised and children 0, for each kind and for the refusal; mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf151 do
  def run do
    {:ok, sup} = Task.Supervisor.start_link()
    forever = fn _ -> Process.sleep(:infinity) end

    for kind <- [:async_stream, :async_stream_nolink] do
      input =
        Stream.map([1, 2, 3], fn
          3 -> raise ArgumentError, "input gone"
          x -> x
        end)

      try do
        Enum.to_list(apply(Task.Supervisor, kind, [sup, input, forever, [max_concurrency: 3]]))
      rescue
        e -> T.p("raised", e.__struct__)
      end

      T.p("children", length(Task.Supervisor.children(sup)))
    end

    {:ok, small} = Task.Supervisor.start_link(max_children: 2)

    try do
      Enum.to_list(Task.Supervisor.async_stream(small, 1..5, forever, max_concurrency: 3))
    rescue
      e -> T.p("raised", e.__struct__)
    end

    T.p("children", length(Task.Supervisor.children(small)))
    T.flush()
  end
end

T.start()
Conf151.run()
T.done()
