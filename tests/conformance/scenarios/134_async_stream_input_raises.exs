# 134 async_stream_input_raises
# Rule: when the input stream raises while the stream reads it, the stream shuts its
#       tasks down and the exception reaches the consumer; results delivered before stay
#       delivered; nothing is left behind.
# Trace: got {:ok, 1}, raised %RuntimeError{message: "bad input"}, task2_alive false,
#        new_processes [], mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf134 do
  def run do
    main = self()
    before = Process.list()
    input = Stream.map(1..5, fn 3 -> raise "bad input"; x -> x end)

    work = fn n ->
      send(main, {:started, n, self()})
      Process.sleep(n * 50)
      n
    end

    try do
      input
      |> Task.async_stream(work, max_concurrency: 2)
      |> Enum.each(fn r -> T.p("got", r) end)
    rescue
      e -> T.p("raised", e)
    end

    receive do: ({:started, 1, _} -> :ok)
    receive do: ({:started, 2, pid} -> T.p("task2_alive", Process.alive?(pid)))
    T.p("new_processes", Process.list() -- before)
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf134.run()
T.done()
