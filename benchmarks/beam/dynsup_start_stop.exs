# dynsup_start_stop: N DynamicSupervisor.start_child calls, then the stop, as beampy's
# dynsup_start_stop.py: a DynamicSupervisor (one_for_one); the driver starts N GenServer workers
# with a trivial init ({:ok, arg}) one start_child(sup, {Worker, i}) call at a time (start), then
# DynamicSupervisor.stop (stop: every child shut down at once, default 5 s shutdown each).
# Checked: every call answered {:ok, pid}, count_children, then no child alive and the process
# count back where it was.
Code.require_file("common.exs", __DIR__)

defmodule DynsupStartStop.Worker do
  use GenServer

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init(arg), do: {:ok, arg}
end

defmodule DynsupStartStop do
  alias Bench.Common

  def start_all(_sup, i, n, acc) when i == n, do: acc

  def start_all(sup, i, n, acc) do
    {:ok, pid} = DynamicSupervisor.start_child(sup, {DynsupStartStop.Worker, i})
    start_all(sup, i + 1, n, [pid | acc])
  end

  def run(%{impl: impl, n: n}) do
    base = :erlang.system_info(:process_count)
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)
    :erlang.garbage_collect()
    t0 = Common.now()
    pids = start_all(sup, 0, n, [])
    t1 = Common.now()
    Common.check(length(Enum.uniq(pids)) == n, "not N distinct pids")
    counts = DynamicSupervisor.count_children(sup)
    Common.check(counts == %{specs: n, active: n, supervisors: 0, workers: n}, inspect(counts))
    Common.check(:erlang.system_info(:process_count) == base + n + 1, "not N + 1 new processes")
    :erlang.garbage_collect()
    t2 = Common.now()
    :ok = DynamicSupervisor.stop(sup)
    t3 = Common.now()
    stopped = not Enum.any?(pids, &Process.alive?/1) and :erlang.system_info(:process_count) == base
    Common.emit("dynsup_start_stop", impl, "start", n, Common.seconds(t0, t1))
    Common.emit("dynsup_start_stop", impl, "stop", n, Common.seconds(t2, t3), all_stopped: stopped)
    Common.check(stopped, "children alive after DynamicSupervisor.stop")
  end
end

DynsupStartStop.run(Bench.Common.args())
