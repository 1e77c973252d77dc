# 005 dead_pid_ops
#
# Rule: send/2 to a pid that has exited is silently dropped and returns the message;
#       Process.exit/2 to such a pid (:kill or any other reason) does nothing and
#       returns true.
#
# Trace:
#   down :normal
#   send_result :hi
#   kill_dead true
#   custom_dead true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf005 do
  def run do
    gone = T.name(spawn(fn -> nil end), :dead)
    T.p("down", T.wait_down(gone))
    T.p("send_result", send(gone, :hi))
    T.p("kill_dead", Process.exit(gone, :kill))
    T.p("custom_dead", Process.exit(gone, :custom))
  end
end

T.start()
Conf005.run()
T.done()
