# sup_start_stop: start, then orderly stop, of a Supervisor with N children, as beampy's
# sup_start_stop.py: N GenServer workers with a trivial init ({:ok, arg}), each
# Supervisor.child_spec({Worker, i}, id: i) (built outside the timing). start: Supervisor.start_link
# until it returns; stop: Supervisor.stop until it returns (reverse start order, each child with
# its default 5 s shutdown). Checked: count_children, then no child alive and the process count
# back where it was.
Code.require_file("common.exs", __DIR__)

defmodule SupStartStop.Worker do
  use GenServer

  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)

  @impl true
  def init(arg), do: {:ok, arg}
end

defmodule SupStartStop do
  alias Bench.Common

  def run(%{impl: impl, n: n}) do
    children = for i <- 0..(n - 1), do: Supervisor.child_spec({SupStartStop.Worker, i}, id: i)
    base = :erlang.system_info(:process_count)
    :erlang.garbage_collect()
    t0 = Common.now()
    {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
    t1 = Common.now()
    counts = Supervisor.count_children(sup)
    Common.check(counts == %{specs: n, active: n, supervisors: 0, workers: n}, inspect(counts))
    pids = for {_, pid, _, _} <- Supervisor.which_children(sup), do: pid
    Common.check(:erlang.system_info(:process_count) == base + n + 1, "not N + 1 new processes")
    :erlang.garbage_collect()
    t2 = Common.now()
    :ok = Supervisor.stop(sup)
    t3 = Common.now()
    stopped = not Enum.any?(pids, &Process.alive?/1) and :erlang.system_info(:process_count) == base
    Common.emit("sup_start_stop", impl, "start", n, Common.seconds(t0, t1))
    Common.emit("sup_start_stop", impl, "stop", n, Common.seconds(t2, t3), all_stopped: stopped)
    Common.check(stopped, "children alive after Supervisor.stop")
  end
end

SupStartStop.run(Bench.Common.args())
