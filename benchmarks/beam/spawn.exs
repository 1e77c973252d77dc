# spawn: N processes each blocked in receive; time per spawn (until every one has reached its
# receive), bytes per process, and the time to stop them all (send :stop, wait until all exited).
Code.require_file("common.exs", __DIR__)

defmodule SpawnBench do
  alias Bench.Common

  def idle(counter) do
    :counters.add(counter, 1, 1)

    receive do
      :stop -> :ok
    end
  end

  def spawn_all(0, _counter, acc), do: acc
  def spawn_all(n, counter, acc), do: spawn_all(n - 1, counter, [spawn(__MODULE__, :idle, [counter]) | acc])

  def wait_started(counter, n) do
    if :counters.get(counter, 1) < n do
      :erlang.yield()
      wait_started(counter, n)
    end
  end

  def wait_exited(base) do
    if :erlang.system_info(:process_count) > base do
      :erlang.yield()
      wait_exited(base)
    end
  end

  def run(%{impl: impl, n: n}) do
    counter = :counters.new(1, [:write_concurrency])
    base = :erlang.system_info(:process_count)
    :erlang.garbage_collect()
    mem0 = :erlang.memory(:processes)
    rss0 = Common.rss_bytes()
    t0 = Common.now()
    pids = spawn_all(n, counter, [])
    wait_started(counter, n)
    t1 = Common.now()
    rss1 = Common.rss_bytes()
    mem1 = :erlang.memory(:processes)
    {:memory, one} = Process.info(hd(pids), :memory)

    t2 = Common.now()
    Enum.each(pids, &send(&1, :stop))
    wait_exited(base)
    t3 = Common.now()
    stopped = :erlang.system_info(:process_count) == base and not Enum.any?(pids, &Process.alive?/1)

    Common.emit("spawn", impl, "spawn", n, Common.seconds(t0, t1),
      bytes_per_proc: (rss1 - rss0) / n,
      beam_memory_bytes_per_proc: (mem1 - mem0) / n,
      process_info_memory: one
    )

    Common.emit("spawn", impl, "stop", n, Common.seconds(t2, t3), all_stopped: stopped)
    Common.check(stopped, "processes still alive after stop")
  end
end

SpawnBench.run(Bench.Common.args())
