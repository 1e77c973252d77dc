# 218 tasksup_stop_with_tasks
# Rule: stopping a Task.Supervisor shuts its tasks down: an awaited linked task ends
#       :shutdown (a trapping owner gets its EXIT and yield gives {:exit, :shutdown}),
#       a nolink task too, and a trapping task that ignores :shutdown is killed after
#       its shutdown time; stop returns :ok when all are gone.
# Trace: stop :ok, linked {:exit, :shutdown} + EXIT, nolink {:exit, :shutdown},
#        stubborn {:exit, :killed}, sup EXIT :normal
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf218 do
  def run do
    main = self()
    Process.flag(:trap_exit, true)
    {:ok, sup} = Task.Supervisor.start_link()
    T.name(sup, :sup)
    waiter = fn -> receive do: (:go -> :done) end

    stubborn = fn ->
      Process.flag(:trap_exit, true)
      T.emit(main, :trapping)
      receive do: (:never -> :ok)
    end

    linked = Task.Supervisor.async(sup, waiter)
    nolink = Task.Supervisor.async_nolink(sup, waiter)
    trapping = Task.Supervisor.async_nolink(sup, stubborn, shutdown: 100)
    T.ev()
    T.name(linked.pid, :linked)
    T.name(nolink.pid, :nolink)
    T.name(trapping.pid, :stubborn)
    T.p("stop", Supervisor.stop(sup))
    T.p("linked", Task.yield(linked, 0))
    T.p("nolink", Task.yield(nolink, 0))
    T.p("stubborn", Task.yield(trapping, 0))

    receive do
      {:EXIT, pid, reason} when pid == linked.pid -> T.p("linked_exit", reason)
    after
      0 -> T.say("no linked EXIT")
    end

    receive do
      {:EXIT, ^sup, reason} -> T.p("sup_exit", reason)
    after
      0 -> T.say("no sup EXIT")
    end

    T.flush()
  end
end

T.start()
Conf218.run()
T.done()
