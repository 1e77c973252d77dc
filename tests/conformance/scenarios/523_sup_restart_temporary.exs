# 523 sup_restart_temporary
# Rule: a temporary child's spec goes away when it terminates (terminate_child or a
#       crash): restart_child then answers {:error, :not_found}; while it runs,
#       {:error, :running}. A transient child that exits :normal keeps its spec
#       (pid :undefined) and restart_child starts it again.
# Trace: running, terminate :ok, not_found x2, transient :undefined then {:ok, _}
Code.require_file("../support/trace.exs", __DIR__)

defmodule W do
  use GenServer
  def start_link({id, main}), do: GenServer.start_link(__MODULE__, {id, main})

  def init({id, main}) do
    Process.flag(:trap_exit, true)
    T.emit(main, {:started, id})
    {:ok, {id, main}}
  end

  def handle_cast({:exit, reason}, s), do: {:stop, reason, s}
  def terminate(reason, {id, main}), do: T.emit(main, {:terminated, id, reason})
end

defmodule Conf523 do
  def spec(id, main, extra), do: Supervisor.child_spec({W, {id, main}}, [id: id] ++ extra)
  def pid_of(sup, id), do: Enum.find_value(Supervisor.which_children(sup), fn {i, p, _, _} -> i == id && p end)

  def run do
    main = self()

    {:ok, sup} =
      Supervisor.start_link([spec(:temp, main, restart: :temporary), spec(:tr, main, restart: :transient)],
        strategy: :one_for_one
      )

    T.evs()
    T.p("restart_running", Supervisor.restart_child(sup, :temp))
    T.p("terminate", Supervisor.terminate_child(sup, :temp))
    T.evs()
    T.p("restart_after_terminate", Supervisor.restart_child(sup, :temp))
    T.p("delete_after_terminate", Supervisor.delete_child(sup, :temp))
    {:ok, _} = Supervisor.start_child(sup, spec(:temp, main, restart: :temporary))
    T.evs()
    GenServer.cast(pid_of(sup, :temp), {:exit, :boom})
    T.evs()
    T.p("restart_after_crash", Supervisor.restart_child(sup, :temp))
    GenServer.cast(pid_of(sup, :tr), {:exit, :normal})
    T.evs()
    T.p("which_children", Supervisor.which_children(sup))
    {:ok, pid} = Supervisor.restart_child(sup, :tr)
    T.name(pid, :tr2)
    T.p("restart_transient", {:ok, pid})
    T.evs()
    T.p("count_children", Supervisor.count_children(sup))
  end
end

T.start()
Conf523.run()
T.done()
