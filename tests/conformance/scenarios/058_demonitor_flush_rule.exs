# 058 demonitor_flush_rule
# Checks: what Process.demonitor(ref, [:flush]) takes out of the mailbox. With the
#         monitor still active nothing is taken (no DOWN can be there). With the
#         monitor gone (it fired, or ref was never a monitor, e.g. an alias) it takes
#         the oldest message that is a 5-tuple with ref second, whatever its first
#         element (OTP's flush receives {_, Ref, _, _, _}): a user 5-tuple queued
#         before the real DOWN is taken and the DOWN stays; a 4-tuple is never taken.
# Expected: see the mailbox lines.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def waiter, do: receive(do: (:stop -> exit(:bye)))

  def run do
    me = self()

    # the monitor fired: a user 5-tuple with the ref came before the DOWN
    d = T.name(spawn(&waiter/0), :d)
    m = T.name(Process.monitor(d), :m)
    send(me, {:foo, m, 1, 2, 3})
    send(d, :stop)
    Process.sleep(50)
    T.p("fired_flush_info", Process.demonitor(m, [:flush, :info]))
    T.p("fired_mailbox", T.drain())

    # the monitor is active: nothing is taken
    d2 = T.name(spawn(&waiter/0), :d2)
    m2 = T.name(Process.monitor(d2), :m2)
    send(me, {:foo, m2, 1, 2, 3})
    T.p("active_flush_info", Process.demonitor(m2, [:flush, :info]))
    T.p("active_mailbox", T.drain())
    send(d2, :stop)

    # never a monitor (an alias): its 5-tuple is taken, a 4-tuple is not
    a = T.name(:erlang.alias(), :a)
    send(me, {:y, a, 1, 2})
    send(me, {:x, a, 1, 2, 3})
    send(me, {:z, a, 1, 2, 3})
    T.p("alias_flush", Process.demonitor(a, [:flush]))
    T.p("alias_mailbox", T.drain())
  end
end

T.start()
Scenario.run()
T.done()
