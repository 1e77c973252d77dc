# 215 tasksup_named_under_supervisor
# Rule: {Task.Supervisor, name: n} in a Supervisor's children starts a named task
#       supervisor (id n, type :supervisor); tasks start through the name; when it is
#       killed its tasks die with it and the parent restarts it empty under the same
#       name; stopping the tree shuts the running tasks down with :shutdown.
# Trace: which [{:conf215_tasks, :tasks, :supervisor, [Task.Supervisor]}], await 42,
#        children [:t], t_down :killed, restarted true, children_new [],
#        t2_down :shutdown, name_after nil
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf215 do
  def run do
    children = [{Task.Supervisor, name: :conf215_tasks}]
    {:ok, top} = Supervisor.start_link(children, strategy: :one_for_one)
    T.name(top, :top)
    tasks = Process.whereis(:conf215_tasks)
    T.name(tasks, :tasks)
    T.p("which", Supervisor.which_children(top))
    task = Task.Supervisor.async(:conf215_tasks, fn -> 6 * 7 end)
    T.p("await", Task.await(task))

    {:ok, t} = Task.Supervisor.start_child(:conf215_tasks, fn -> Process.sleep(:infinity) end)
    T.name(t, :t)
    ref = Process.monitor(t)
    T.p("children", Task.Supervisor.children(:conf215_tasks))
    Process.exit(tasks, :kill)

    receive do
      {:DOWN, ^ref, :process, _, reason} -> T.p("t_down", reason)
    end

    Process.sleep(50)
    tasks2 = Process.whereis(:conf215_tasks)
    T.name(tasks2, :tasks2)
    T.p("restarted", tasks2 != tasks)
    T.p("children_new", Task.Supervisor.children(:conf215_tasks))
    T.p("which_new", Supervisor.which_children(top))

    {:ok, t2} = Task.Supervisor.start_child(:conf215_tasks, fn -> Process.sleep(:infinity) end)
    T.name(t2, :t2)
    ref2 = Process.monitor(t2)
    T.p("stop", Supervisor.stop(top))

    receive do
      {:DOWN, ^ref2, :process, _, reason} -> T.p("t2_down", reason)
    end

    T.p("name_after", Process.whereis(:conf215_tasks))
  end
end

T.start()
Conf215.run()
T.done()
