# 212 tasksup_start_child_restart
# Rule: Task.Supervisor.start_child is temporary by default (a crash is not
#       restarted); restart: :transient restarts after a crash only; :permanent
#       restarts after a normal end too, running the function again in a new process;
#       the restarts count against max_restarts and one too many ends the supervisor
#       with :shutdown.
# Trace: temp ran once, children 0; tr ran again after the crash, then gone after
#        :normal; perm ran again after :normal and after a crash; which_children
#        [{:undefined, :perm3, :worker, [Task.Supervised]}]; sup_exit :shutdown
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf212 do
  def work(main, id) do
    fn ->
      send(main, {:run, id, self()})

      receive do
        :crash -> exit(:boom)
        :stop -> :ok
      end
    end
  end

  def ran(label) do
    receive do
      {:run, id, pid} ->
        T.name(pid, label)
        T.p("ran", {id, pid})
        pid
    after
      2000 -> T.say("no run")
    end
  end

  def run do
    main = self()
    {:ok, sup} = Task.Supervisor.start_link()
    T.name(sup, :sup)

    {:ok, _} = Task.Supervisor.start_child(sup, work(main, :temp))
    temp = ran(:temp)
    send(temp, :crash)
    T.wait_down(temp)
    Process.sleep(50)
    T.p("temp_children", Task.Supervisor.children(sup))

    {:ok, _} = Task.Supervisor.start_child(sup, work(main, :tr), restart: :transient)
    tr = ran(:tr)
    send(tr, :crash)
    tr2 = ran(:tr2)
    T.p("tr_children", Task.Supervisor.children(sup))
    send(tr2, :stop)
    T.wait_down(tr2)
    Process.sleep(50)
    T.p("tr_children_after_normal", Task.Supervisor.children(sup))

    {:ok, _} = Task.Supervisor.start_child(sup, work(main, :perm), restart: :permanent)
    perm = ran(:perm)
    send(perm, :stop)
    perm2 = ran(:perm2)
    send(perm2, :crash)
    perm3 = ran(:perm3)
    T.p("which", DynamicSupervisor.which_children(sup))
    T.p("count", DynamicSupervisor.count_children(sup))

    Process.flag(:trap_exit, true)
    send(perm3, :crash)

    receive do
      {:EXIT, ^sup, reason} -> T.p("sup_exit", reason)
    after
      2000 -> T.say("sup lives")
    end

    T.flush()
  end
end

T.start()
Conf212.run()
T.done()
