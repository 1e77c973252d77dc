# 528 sup_task_child
# Rule: {Task, fun} in a Supervisor's children is Task.child_spec(fun): id Task, started
#       with Task.start_link(fun), restart :temporary, type :worker, modules [Task]. The
#       supervisor counts the task while it runs and forgets it once it ends; a
#       {Task, fun} made :transient (with its own id) that crashes is started again,
#       and keeps its spec after it ends normally.
# Trace: which [{:t2, :t2, :worker, [Task]}, {Task, :t1, :worker, [Task]}],
#        count %{active: 2, specs: 2, supervisors: 0, workers: 2}, t1_down :normal,
#        count_after_t1 %{active: 1, ...specs: 1...}, t2_down :boom, which_restarted
#        [{:t2, :t2b, :worker, [Task]}], t2b_down :normal, count_end %{active: 0, specs: 1...}
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf528 do
  def run do
    parent = self()

    runs = fn tag ->
      fn ->
        send(parent, {tag, self()})

        receive do
          :go -> :ok
          :fail -> exit(:boom)
        end
      end
    end

    children = [
      {Task, runs.(:t1)},
      Supervisor.child_spec({Task, runs.(:t2)}, id: :t2, restart: :transient)
    ]

    {:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
    t1 = receive do: ({:t1, p} -> T.name(p, :t1))
    t2 = receive do: ({:t2, p} -> T.name(p, :t2))
    T.p("which", Supervisor.which_children(sup))
    T.p("count", Supervisor.count_children(sup))

    r1 = Process.monitor(t1)
    send(t1, :go)
    receive do: ({:DOWN, ^r1, _, _, reason} -> T.p("t1_down", reason))
    T.p("count_after_t1", Supervisor.count_children(sup))

    r2 = Process.monitor(t2)
    send(t2, :fail)
    receive do: ({:DOWN, ^r2, _, _, reason} -> T.p("t2_down", reason))
    t2b = receive do: ({:t2, p} -> T.name(p, :t2b))
    T.p("which_restarted", Supervisor.which_children(sup))

    r3 = Process.monitor(t2b)
    send(t2b, :go)
    receive do: ({:DOWN, ^r3, _, _, reason} -> T.p("t2b_down", reason))
    T.p("count_end", Supervisor.count_children(sup))
    T.p("stop", Supervisor.stop(sup))
  end
end

T.start()
Conf528.run()
T.done()
