# 014 trap_exit_messages
#
# Rule: a process trapping exits turns the exit signal of a linked process into the
#       message {:EXIT, pid, reason}, for abnormal and for :normal reasons alike, and
#       survives. Process.flag(:trap_exit, v) returns the previous value.
#
# Trace:
#   old_flag false
#   recv {:EXIT, :c1, :boom}
#   recv {:EXIT, :c2, :normal}
#   flag_again true
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf014 do
  def linked_exit(body, label) do
    kid = T.name(spawn_link(body), label)

    receive do
      {:EXIT, ^kid, _} = msg -> T.p("recv", msg)
    end
  end

  def run do
    T.p("old_flag", Process.flag(:trap_exit, true))
    linked_exit(fn -> exit(:boom) end, :c1)
    linked_exit(fn -> :finished end, :c2)
    T.p("flag_again", Process.flag(:trap_exit, true))
  end
end

T.start()
Conf014.run()
T.done()
