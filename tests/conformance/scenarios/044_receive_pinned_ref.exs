# 044 receive_pinned_ref
#
# Rule: a receive that pins a reference ({^ref, x}) matches only messages carrying
#       that very reference: it takes them out of order past other messages, waits
#       (and times out) when none is there even if messages with other references are
#       queued, and works for replies built by another process from the ref it was
#       sent.
#
# Trace:
#   pinned_r1 :a
#   pinned_r2 :b
#   fresh_ref_timeout true
#   child_reply :pong
#   mailbox {:unknown_ref, :c}
#   mailbox :noise
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf044 do
  def run do
    r1 = make_ref()
    r2 = make_ref()
    send(self(), {r2, :b})
    send(self(), {make_ref(), :c})
    send(self(), {r1, :a})

    receive do: ({^r1, x} -> T.p("pinned_r1", x))
    receive do: ({^r2, x} -> T.p("pinned_r2", x))

    fresh = make_ref()

    timed_out =
      receive do
        {^fresh, _} -> false
      after
        50 -> true
      end

    T.p("fresh_ref_timeout", timed_out)

    main = self()
    tag = make_ref()
    child = spawn(fn -> receive do: ({:ping, t} -> send(main, {t, :pong})) end)
    send(self(), :noise)
    send(child, {:ping, tag})

    receive do
      {^tag, x} -> T.p("child_reply", x)
    after
      1000 -> T.say("no_reply")
    end

    T.flush()
  end
end

T.start()
Conf044.run()
T.done()
