# 152 stream_consumer_raises_input_first
# Rule: when the consumer's own code raises while it takes a result, async_stream halts its
#       input first and then closes the stream (its running tasks are still alive when the
#       input's cleanup runs); when the consumer stops normally (a take), the stream is closed
#       first and the input halted after (its tasks are gone by then).
# Trace: alive_at_input_cleanup [true, true] then rescued; for the take: [false, false]
#        then taken [{:ok, 1}]; mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf152 do
  # items 1..3; item 1 answers at once, the others report their pid and hang
  def input(main) do
    Stream.resource(
      fn -> 1 end,
      fn
        i when i <= 3 -> {[i], i + 1}
        i -> {:halt, i}
      end,
      fn _ ->
        pids = for _ <- 1..2, do: receive(do: ({:task, p} -> p))
        T.p("alive_at_input_cleanup", Enum.map(pids, &Process.alive?/1))
      end
    )
  end

  def work(main) do
    fn
      1 ->
        1

      _ ->
        send(main, {:task, self()})
        Process.sleep(:infinity)
    end
  end

  def run do
    main = self()

    try do
      Task.async_stream(input(main), work(main), max_concurrency: 3)
      |> Enum.each(fn _ ->
        Process.sleep(20)
        raise "consumer failed"
      end)
    rescue
      e -> T.p("rescued", e)
    end

    taken =
      Task.async_stream(input(main), work(main), max_concurrency: 3)
      |> Stream.map(fn r ->
        Process.sleep(20)
        r
      end)
      |> Enum.take(1)

    T.p("taken", taken)
    T.flush()
  end
end

T.start()
Conf152.run()
T.done()
