# 139 async_stream_consumer_killed
# Rule: when the consumer of a stream dies, its tasks die with the same reason (through
#       the stream's helper process), whether they were running or waiting.
# Trace: consumer_down :stop_now, task downs :stop_now
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf139 do
  def run do
    main = self()

    consumer =
      spawn(fn ->
        1..3
        |> Task.async_stream(
          fn n ->
            send(main, {:started, n, self()})
            Process.sleep(:infinity)
          end,
          max_concurrency: 2,
          timeout: :infinity
        )
        |> Stream.run()
      end)

    T.name(consumer, :consumer)
    tasks = for _ <- 1..2, do: receive(do: ({:started, n, pid} -> {n, T.name(pid, :"t#{n}")}))
    refs = for {n, pid} <- Enum.sort(tasks), do: {n, Process.monitor(pid)}
    cref = Process.monitor(consumer)
    Process.exit(consumer, :stop_now)
    receive do: ({:DOWN, ^cref, _, _, reason} -> T.p("consumer_down", reason))

    for {n, ref} <- refs do
      receive do: ({:DOWN, ^ref, _, _, reason} -> T.p("t#{n}_down", reason))
    end

    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf139.run()
T.done()
