# 041 monitor_alias_reply_demonitor
#
# Rule: a monitor taken with [{:alias, :reply_demonitor}] makes the monitor
#       reference an alias as well; the first message that arrives through it
#       deactivates the alias AND removes the monitor: later messages to it are
#       dropped, demonitor(ref, [:info]) returns false and no DOWN comes when the
#       server exits. (This is how OTP's calls drop late replies.)
#
# Trace:
#   reply :reply1
#   mailbox :empty
#   demonitor_info false
#   server_down :bye
#   after_exit :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf041 do
  def server do
    receive do
      {:req, reply_to} ->
        send(reply_to, :reply1)
        send(reply_to, :reply2)
    end

    receive do: (:stop -> exit(:bye))
  end

  def run do
    s = T.name(spawn(&server/0), :server)
    mref = T.name(:erlang.monitor(:process, s, [{:alias, :reply_demonitor}]), :mref)
    send(s, {:req, mref})

    receive do
      :reply1 = m -> T.p("reply", m)
    after
      1000 -> T.say("no_reply")
    end

    Process.sleep(50)
    T.flush()
    T.p("demonitor_info", Process.demonitor(mref, [:info]))
    send(s, :stop)
    T.p("server_down", T.wait_down(s))
    Process.sleep(50)
    T.flush("after_exit")
  end
end

T.start()
Conf041.run()
T.done()
