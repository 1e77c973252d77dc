# 138 async_stream_consumer_raises
# Rule: an exception in the consumer while it handles a result stops the stream: the
#       running tasks are killed and nothing is left behind; the exception reaches the
#       code around the enumeration.
# Trace: got {:ok, 1}, rescued %RuntimeError{message: "consumer failed"}, alive [false, false],
#        new_processes [], new_links [], mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf138 do
  def run do
    main = self()
    before = Process.list()
    {:links, links_before} = Process.info(self(), :links)

    work = fn n ->
      send(main, {:started, n, self()})
      Process.sleep(n * 40)
      n
    end

    try do
      Task.async_stream(1..10, work, max_concurrency: 3)
      |> Enum.each(fn
        {:ok, 2} -> raise "consumer failed"
        r -> T.p("got", r)
      end)
    rescue
      e -> T.p("rescued", e)
    end

    started = for _ <- 1..4, do: receive(do: ({:started, n, pid} -> {n, pid}))
    T.p("alive", for({n, pid} <- Enum.sort(started), n > 2, do: Process.alive?(pid)))
    T.p("new_processes", Process.list() -- before)
    {:links, links} = Process.info(self(), :links)
    T.p("new_links", links -- links_before)
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf138.run()
T.done()
