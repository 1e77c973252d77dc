# 038 send_after_name_and_dead
#
# Rule: Process.send_after/3 to a registered name resolves the name when the timer
#       fires (a process registered after the call still gets the message), and to a
#       name nobody holds then it is silently dropped (no error, ever). A timer aimed
#       at a pid is cancelled when that process is not alive: for an already dead
#       pid read_timer/1 is false at once, and a timer for a pid that dies before
#       expiry is gone (false) after its death.
#
# Trace:
#   late_name_got :hi
#   unheld_name_ref true
#   unheld_name_read_after false
#   dead_pid_read false
#   dead_pid_cancel false
#   live_read_ok true
#   after_death_read false
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf038 do
  def run do
    main = self()

    # the name is registered only after send_after was called
    Process.send_after(:late_name, :hi, 100)
    late = spawn(fn -> receive do: (m -> send(main, {:late_name_got, m})) end)
    true = Process.register(late, :late_name)

    receive do
      {:late_name_got, m} -> T.p("late_name_got", m)
    after
      2000 -> T.say("late_name_got_nothing")
    end

    # nobody ever holds the name
    tref = Process.send_after(:nobody_ever, :lost, 30)
    T.p("unheld_name_ref", is_reference(tref))
    Process.sleep(100)
    T.p("unheld_name_read_after", Process.read_timer(tref))

    # a pid that is already dead
    dead = spawn(fn -> :ok end)
    T.wait_down(dead)
    tref2 = Process.send_after(dead, :lost, 100)
    T.p("dead_pid_read", Process.read_timer(tref2))
    T.p("dead_pid_cancel", Process.cancel_timer(tref2))

    # a pid that dies while its timer runs
    doomed = spawn(fn -> receive do: (:stop -> :ok) end)
    tref3 = Process.send_after(doomed, :lost, 500)
    left = Process.read_timer(tref3)
    T.p("live_read_ok", is_integer(left) and left > 0)
    send(doomed, :stop)
    T.wait_down(doomed)
    Process.sleep(50)
    T.p("after_death_read", Process.read_timer(tref3))
    T.flush()
  end
end

T.start()
Conf038.run()
T.done()
