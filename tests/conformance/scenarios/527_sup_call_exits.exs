# 527 sup_call_exits
# Rule: the Supervisor functions are GenServer calls with an :infinity timeout: on a
#       dead supervisor they exit {:noproc, {GenServer, :call, [sup, request, :infinity]}};
#       Supervisor.stop exits {:noproc, {GenServer, :stop, [sup, :normal, :infinity]}};
#       a named supervisor is reached by its name.
# Trace: the exit reasons, the named supervisor's children
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf527 do
  def catch_exit(f) do
    try do
      f.()
    catch
      :exit, reason -> {:exit, reason}
    end
  end

  def run do
    {:ok, sup} = Supervisor.start_link([], strategy: :one_for_one, name: :named_sup)
    T.name(sup, :sup)
    T.p("whereis", Process.whereis(:named_sup))
    T.p("which_children_by_name", Supervisor.which_children(:named_sup))
    T.p("stop", Supervisor.stop(:named_sup))
    T.p("which_children", catch_exit(fn -> Supervisor.which_children(sup) end))
    T.p("count_children", catch_exit(fn -> Supervisor.count_children(sup) end))
    T.p("terminate_child", catch_exit(fn -> Supervisor.terminate_child(sup, :x) end))
    T.p("restart_child", catch_exit(fn -> Supervisor.restart_child(sup, :x) end))
    T.p("delete_child", catch_exit(fn -> Supervisor.delete_child(sup, :x) end))
    T.p("stop_dead", catch_exit(fn -> Supervisor.stop(sup) end))
    T.p("by_name", catch_exit(fn -> Supervisor.which_children(:named_sup) end))
  end
end

T.start()
Conf527.run()
T.done()
