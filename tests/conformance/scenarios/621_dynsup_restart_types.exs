# 621 dynsup_restart_types
# Rule: under a DynamicSupervisor a permanent child is restarted after any exit, a
#       transient one after an abnormal exit only, a temporary one never; children
#       that are not restarted are removed (which_children, count_children).
# Trace: perm normal -> restarted; tr normal -> gone; tr2 crash -> restarted;
#        temp crash -> gone; count 2
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

defmodule Conf621 do
  def run do
    main = self()
    {:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)

    for {id, restart, reason} <- [
          {:perm, :permanent, :normal},
          {:tr, :transient, :normal},
          {:tr2, :transient, :boom},
          {:temp, :temporary, :boom}
        ] do
      {:ok, pid} = DynamicSupervisor.start_child(sup, Supervisor.child_spec({W, {id, main}}, restart: restart))
      T.evs()
      T.p("exit", {id, reason})
      GenServer.cast(pid, {:exit, reason})
      T.evs()
      T.p("count", DynamicSupervisor.count_children(sup).active)
    end

    T.p("count_children", DynamicSupervisor.count_children(sup))
  end
end

T.start()
Conf621.run()
T.done()
