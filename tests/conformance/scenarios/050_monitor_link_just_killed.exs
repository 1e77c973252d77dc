# 050 monitor_link_just_killed
#
# Rule: a process killed with Process.exit(pid, :kill) is gone for every later
#       signal from the same sender: a monitor set up right after the kill (no wait
#       in between) gets DOWN :noproc, not :killed, whether the victim had not yet
#       run or was waiting in a receive; a trapping caller that links right after the
#       kill gets true and {:EXIT, pid, :noproc}.
#
# Trace:
#   fresh_down {:DOWN, :mref1, :process, :fresh, :noproc}
#   waiting_down {:DOWN, :mref2, :process, :waiting, :noproc}
#   link true
#   link_exit {:EXIT, :linked, :noproc}
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf050 do
  def idle, do: spawn(fn -> receive do: (_ -> :ok) end)

  # kills pid and monitors it at once; prints the DOWN that comes
  def kill_then_monitor(pid, ref_label, label) do
    Process.exit(pid, :kill)
    mref = T.name(Process.monitor(pid), ref_label)

    receive do
      {:DOWN, ^mref, _, _, _} = down -> T.p(label, down)
    after
      1000 -> T.say("no_down")
    end
  end

  def run do
    main = self()

    # spawned and killed before it had a chance to run
    fresh = T.name(idle(), :fresh)
    kill_then_monitor(fresh, :mref1, "fresh_down")

    # started and blocked in a receive
    waiting =
      spawn(fn ->
        send(main, :ready)
        receive do: (_ -> :ok)
      end)

    T.name(waiting, :waiting)
    receive do: (:ready -> :ok)
    kill_then_monitor(waiting, :mref2, "waiting_down")

    # link instead of monitor, from a trapping caller
    Process.flag(:trap_exit, true)
    linked = T.name(idle(), :linked)
    Process.exit(linked, :kill)
    T.p("link", Process.link(linked))

    receive do
      {:EXIT, ^linked, _} = m -> T.p("link_exit", m)
    after
      1000 -> T.say("no_exit")
    end

    Process.sleep(50)
    T.flush()
  end
end

T.start()
Conf050.run()
T.done()
