# 027 crash_exit_reasons
#
# Rule: how a process's way of ending becomes its exit reason:
#       exit(r) -> r; an uncaught throw(v) -> {{:nocatch, v}, stacktrace};
#       raise -> {exception, stacktrace}; an Erlang error such as 1/0 ->
#       {:badarith, stacktrace}; returning from the function -> :normal.
#
# Trace (stacktraces are normalised to :stacktrace):
#   exit :my_reason
#   throw {{:nocatch, :oops}, :stacktrace}
#   raise {%RuntimeError{message: "boom"}, :stacktrace}
#   badarith {:badarith, :stacktrace}
#   return :normal
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf027 do
  def reason_of(body) do
    {_pid, mref} = spawn_monitor(body)
    receive do: ({:DOWN, ^mref, :process, _, why} -> why)
  end

  def run do
    T.p("exit", reason_of(fn -> exit(:my_reason) end))
    T.p("throw", reason_of(fn -> throw(:oops) end))
    T.p("raise", reason_of(fn -> raise "boom" end))
    # a divisor the compiler cannot see, so 1 / 0 is not folded into a warning
    zero = :erlang.phash2(:anything, 1)
    T.p("badarith", reason_of(fn -> 1 / zero end))
    T.p("return", reason_of(fn -> :value end))
  end
end

T.start()
Conf027.run()
T.done()
