# 003 receive_after
#
# Rule: `after T` runs only when no matching message arrives within T ms; `after 0`
#       just polls the mailbox; a message that arrives while waiting wins over the
#       timeout; a message that does not match neither ends the wait nor is consumed.
#
# Trace:
#   timeout_50
#   timeout_0
#   recv_0 :queued
#   recv :late_but_in_time
#   timeout_nonmatching
#   leftover :other
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf003 do
  def run do
    # nothing queued, nothing coming: the 50 ms timeout fires
    receive do
      m -> T.p("unexpected", m)
    after
      50 -> T.say("timeout_50")
    end

    # empty mailbox, after 0: immediate timeout
    receive do
      m -> T.p("unexpected", m)
    after
      0 -> T.say("timeout_0")
    end

    # a queued message is found by an `after 0` poll
    send(self(), :queued)

    receive do
      m -> T.p("recv_0", m)
    after
      0 -> T.say("timeout_0_unexpected")
    end

    # a message arriving 30 ms into a 2 s wait is received
    me = self()

    spawn(fn ->
      Process.sleep(30)
      send(me, :late_but_in_time)
    end)

    receive do
      m -> T.p("recv", m)
    after
      2000 -> T.say("timeout_unexpected")
    end

    # a queued message that does not match does not stop the timeout
    send(self(), :other)

    receive do
      :wanted -> T.say("unexpected")
    after
      50 -> T.say("timeout_nonmatching")
    end

    receive do
      m -> T.p("leftover", m)
    after
      0 -> T.say("no_leftover")
    end
  end
end

T.start()
Conf003.run()
T.done()
