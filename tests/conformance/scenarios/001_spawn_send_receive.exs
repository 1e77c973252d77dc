# 001 spawn_send_receive
#
# Rule: spawn/1 starts a new process; send/2 puts a message in its mailbox; the new
#       process can answer the pid that was passed to it inside the message.
#
# Trace:
#   recv {:echo, :child, :hello}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf001 do
  def echo_once do
    receive do
      {:ping, reply_to, payload} -> send(reply_to, {:echo, self(), payload})
    end
  end

  def run do
    child = T.name(spawn(&echo_once/0), :child)
    send(child, {:ping, self(), :hello})

    receive do
      reply -> T.p("recv", reply)
    after
      2000 -> T.say("no_reply")
    end
  end
end

T.start()
Conf001.run()
T.done()
