# 522 sup_infinity_subsupervisor
# Rule: a child of type :supervisor gets shutdown :infinity by default: the parent
#       waits as long as the sub-tree takes (a worker whose terminate takes 1.5 s
#       under a 3 s shutdown), and nothing is killed: the sub-supervisor exits
#       :shutdown after its child, then the top stops its other child.
# Trace: terminated slow :shutdown (after the sleep), sub down :shutdown, a :shutdown
Code.require_file("../support/trace.exs", __DIR__)

defmodule Slow do
  use GenServer
  def start_link({id, main}), do: GenServer.start_link(__MODULE__, {id, main})

  def init({id, main}) do
    Process.flag(:trap_exit, true)
    T.emit(main, {:started, id})
    {:ok, {id, main}}
  end

  def terminate(reason, {id, main}) do
    Process.sleep(1500)
    T.emit(main, {:terminated, id, reason})
  end
end

defmodule Conf522 do
  def run do
    main = self()

    sub = %{
      id: :sub,
      start:
        {Supervisor, :start_link,
         [[Supervisor.child_spec({Slow, {:slow, main}}, id: :slow, shutdown: 3000)], [strategy: :one_for_one]]},
      type: :supervisor
    }

    {:ok, top} = Supervisor.start_link([Supervisor.child_spec({Slow, {:a, main}}, id: :a, shutdown: 3000), sub], strategy: :one_for_one)
    T.evs()
    [{:sub, subpid, :supervisor, _}, _] = Supervisor.which_children(top)
    T.name(subpid, :sub)
    ref = Process.monitor(subpid)
    t0 = System.monotonic_time(:millisecond)
    T.p("stop", Supervisor.stop(top))
    elapsed = System.monotonic_time(:millisecond) - t0
    T.evs()

    receive do
      {:DOWN, ^ref, :process, _, reason} -> T.p("sub_down", reason)
    end

    T.p("took_at_least_3000ms", elapsed >= 3000)
  end
end

T.start()
Conf522.run()
T.done()
