# 042 spawn_link_instant_crash_trapped
#
# Rule: spawn_link/1 is atomic: a trapping parent receives {:EXIT, pid, reason} with
#       the child's real reason even when the child dies immediately (never :noproc),
#       whether it exits, raises, or kills itself (reason :killed).
#
# Trace:
#   exit {:EXIT, :c1, :instant}
#   raise {:EXIT, :c2, {%RuntimeError{message: "boom"}, :stacktrace}}
#   self_kill {:EXIT, :c3, :killed}
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf042 do
  def linked_death(label, body, name) do
    kid = T.name(spawn_link(body), name)

    receive do
      {:EXIT, ^kid, _} = m -> T.p(label, m)
    after
      1000 -> T.say(label <> " nothing")
    end
  end

  def run do
    Process.flag(:trap_exit, true)
    linked_death("exit", fn -> exit(:instant) end, :c1)
    linked_death("raise", fn -> raise "boom" end, :c2)
    linked_death("self_kill", fn -> Process.exit(self(), :kill) end, :c3)
    T.flush()
  end
end

T.start()
Conf042.run()
T.done()
