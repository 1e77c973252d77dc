# 214 tasksup_terminate_shutdown
# Rule: children/1 lists running tasks in pid order; terminate_child honours each
#       task's shutdown: a trapping task that ignores :shutdown is killed after its
#       shutdown time, :brutal_kill kills at once, a trapping task may end with its
#       own reason; a pid that is not a child is {:error, :not_found}.
# Trace: children [:a, :b, :c]; a :killed; b :killed; c :cleaned_up; not_found;
#        children_after []
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf214 do
  def run do
    main = self()
    {:ok, sup} = Task.Supervisor.start_link()

    stubborn = fn ->
      Process.flag(:trap_exit, true)
      T.emit(main, :trapping)
      receive do: (:never -> :ok)
    end

    tidy = fn ->
      Process.flag(:trap_exit, true)
      T.emit(main, :trapping)
      receive do: ({:EXIT, _, :shutdown} -> exit(:cleaned_up))
    end

    {:ok, a} = Task.Supervisor.start_child(sup, stubborn, shutdown: 100)
    T.ev()
    {:ok, b} = Task.Supervisor.start_child(sup, stubborn, shutdown: :brutal_kill)
    T.ev()
    {:ok, c} = Task.Supervisor.start_child(sup, tidy)
    T.ev()
    T.name(a, :a)
    T.name(b, :b)
    T.name(c, :c)
    T.p("children", Task.Supervisor.children(sup))

    for {pid, label} <- [{a, "a"}, {b, "b"}, {c, "c"}] do
      ref = Process.monitor(pid)
      T.p("terminate_" <> label, Task.Supervisor.terminate_child(sup, pid))

      receive do
        {:DOWN, ^ref, :process, _, reason} -> T.p("down_" <> label, reason)
      end
    end

    T.p("not_a_child", Task.Supervisor.terminate_child(sup, self()))
    T.p("children_after", Task.Supervisor.children(sup))
  end
end

T.start()
Conf214.run()
T.done()
