# 216 tasksup_defaults
# Rule: Task.Supervisor.start_link's restart and shutdown (deprecated in Elixir, a
#       warning on stderr) are the defaults of start_child; options given to
#       start_child win; async tasks are temporary whatever the default.
# Trace: restarted_by_default 1 child; async_yield {:exit, :boom}, not restarted;
#        temporary override not restarted; default brutal_kill -> :killed;
#        shutdown: 1000 -> :cleaned_up
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf216 do
  def run do
    main = self()
    {:ok, sup} = Task.Supervisor.start_link(restart: :transient, shutdown: :brutal_kill)
    crasher = fn -> receive do: (:crash -> exit(:boom)) end

    {:ok, p} = Task.Supervisor.start_child(sup, crasher)
    send(p, :crash)
    T.wait_down(p)
    Process.sleep(50)
    [p2] = Task.Supervisor.children(sup)
    T.p("restarted_by_default", p2 != p)
    :ok = Task.Supervisor.terminate_child(sup, p2)

    task = Task.Supervisor.async_nolink(sup, fn -> exit(:boom) end)
    T.p("async_yield", Task.yield(task, 1000))
    Process.sleep(50)
    T.p("async_children", Task.Supervisor.children(sup))

    {:ok, q} = Task.Supervisor.start_child(sup, crasher, restart: :temporary)
    send(q, :crash)
    T.wait_down(q)
    Process.sleep(50)
    T.p("temporary_children", Task.Supervisor.children(sup))

    tidy = fn ->
      Process.flag(:trap_exit, true)
      T.emit(main, :trapping)
      receive do: ({:EXIT, _, :shutdown} -> exit(:cleaned_up))
    end

    for {opts, label} <- [{[], "default"}, {[shutdown: 1000], "shutdown_1000"}] do
      {:ok, r} = Task.Supervisor.start_child(sup, tidy, opts)
      T.ev()
      ref = Process.monitor(r)
      :ok = Task.Supervisor.terminate_child(sup, r)

      receive do
        {:DOWN, ^ref, :process, _, reason} -> T.p(label, reason)
      end
    end
  end
end

T.start()
Conf216.run()
T.done()
