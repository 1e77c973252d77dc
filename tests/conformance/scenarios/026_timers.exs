# 026 timers
#
# Rule: Process.send_after/3 delivers the message after the delay (not before).
#       read_timer/1 gives the remaining ms (integer, 0 < left <= delay) while the
#       timer runs and false once it fired; cancel_timer/1 after expiry is false.
#       Cancelling a running timer returns the remaining ms and the message never
#       arrives; cancelling it again returns false. send_after to another pid
#       delivers there.
#
# Trace:
#   early :none
#   read_timer_ok true
#   recv :tick
#   read_after false
#   cancel_after false
#   cancel_ok true
#   cancel_again false
#   mailbox :empty
#   child_got :later
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf026 do
  def remaining_ok?(left), do: is_integer(left) and left > 0 and left <= 100

  def run do
    tref = Process.send_after(self(), :tick, 100)
    left = Process.read_timer(tref)

    early =
      receive do
        :tick -> :tick
      after
        0 -> :none
      end

    T.p("early", early)
    T.p("read_timer_ok", remaining_ok?(left))

    receive do
      :tick -> T.p("recv", :tick)
    after
      2000 -> T.say("no_tick")
    end

    T.p("read_after", Process.read_timer(tref))
    T.p("cancel_after", Process.cancel_timer(tref))

    tref2 = Process.send_after(self(), :never, 100)
    T.p("cancel_ok", remaining_ok?(Process.cancel_timer(tref2)))
    T.p("cancel_again", Process.cancel_timer(tref2))
    Process.sleep(200)
    T.flush()

    main = self()
    child = T.name(spawn(fn -> receive do: (m -> send(main, {:child_got, m})) end), :child)
    Process.send_after(child, :later, 30)

    receive do
      {:child_got, m} -> T.p("child_got", m)
    after
      2000 -> T.say("child_got_nothing")
    end
  end
end

T.start()
Conf026.run()
T.done()
