# 133 async_stream_take
# Rule: a stream stopped early (Enum.take) kills the tasks still running (:killed) and
#       leaves no process, link, monitor or message behind.
# Trace: taken [{:ok, 1}, {:ok, 2}], tasks 3-5 (started, still running) no longer alive,
#        new_processes [], new_links [], monitors [], mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf133 do
  def run do
    main = self()
    before = Process.list()
    {:links, links_before} = Process.info(self(), :links)

    work = fn n ->
      send(main, {:started, n, self()})
      if n > 2, do: Process.sleep(:infinity)
      Process.sleep(n * 30)
      n
    end

    taken = 1..10 |> Task.async_stream(work, max_concurrency: 4) |> Enum.take(2)
    T.p("taken", taken)

    started =
      for _ <- 1..5 do
        receive do: ({:started, n, pid} -> {n, pid})
      end

    for {n, pid} <- Enum.sort(started), n > 2 do
      T.name(pid, :"t#{n}")
      T.p("alive_t#{n}", Process.alive?(pid))
    end

    T.p("new_processes", Process.list() -- before)
    {:links, links} = Process.info(self(), :links)
    T.p("new_links", links -- links_before)
    T.p("monitors", Process.info(self(), :monitors))
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf133.run()
T.done()
