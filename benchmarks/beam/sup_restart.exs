# sup_restart: N restarts of a killed one_for_one child, as beampy's sup_restart.py: a
# Supervisor (max_restarts 1,000,000 in the default 5 s) with one GenServer worker whose init
# sends {:started, pid} to the driver; the driver kills it (Process.exit(pid, :kill)) and waits
# for the next {:started, pid}. first_1000 (the first batch of 1,000, or of N if smaller),
# batch (each batch, by the restart it ends at) and all. Checked: N distinct pids, the
# supervisor's one child is the last one.
Code.require_file("common.exs", __DIR__)

defmodule SupRestart.Worker do
  use GenServer

  def start_link(driver), do: GenServer.start_link(__MODULE__, driver)

  @impl true
  def init(driver) do
    send(driver, {:started, self()})
    {:ok, driver}
  end
end

defmodule SupRestart do
  alias Bench.Common

  def loop(pid, i, n, _batch, marks, seen) when i > n, do: {pid, Enum.reverse(marks), seen}

  def loop(pid, i, n, batch, marks, seen) do
    Process.exit(pid, :kill)

    receive do
      {:started, new} ->
        marks = if rem(i, batch) == 0, do: [Common.now() | marks], else: marks
        loop(new, i + 1, n, batch, marks, MapSet.put(seen, new))
    end
  end

  def run(%{impl: impl, n: n}) do
    {:ok, sup} =
      Supervisor.start_link([{SupRestart.Worker, self()}],
        strategy: :one_for_one,
        max_restarts: 1_000_000,
        max_seconds: 5
      )

    pid =
      receive do
        {:started, pid} -> pid
      end

    batch = min(1_000, n)
    t0 = Common.now()
    {last, marks, seen} = loop(pid, 1, n, batch, [], MapSet.new([pid]))
    t1 = Common.now()
    Common.check(MapSet.size(seen) == n + 1, "#{MapSet.size(seen) - 1} distinct restarted pids, not #{n}")
    [{_, child, _, _}] = Supervisor.which_children(sup)
    Common.check(child == last and Process.alive?(last), "the supervisor's child is not the last one")
    Common.emit("sup_restart", impl, "first_1000", batch, Common.seconds(t0, hd(marks)), restarts: n)

    Enum.reduce(Enum.with_index(marks, 1), t0, fn {mark, k}, prev ->
      Common.emit("sup_restart", impl, "batch", k * batch, Common.seconds(prev, mark), ops: batch, restarts: n)
      mark
    end)

    Common.emit("sup_restart", impl, "all", n, Common.seconds(t0, t1))
    Supervisor.stop(sup)
  end
end

SupRestart.run(Bench.Common.args())
