# 426 sys_change_code
#
# Rule: :sys.change_code works on a suspended server only (a running one answers
#       {:error, {:unknown_system_msg, request}}); it calls code_change(old_vsn,
#       state, extra): {:ok, new} gives :ok and the new state, another value v
#       gives {:error, v}, a raise gives {:error, {:EXIT, {exception, stack}}}, and
#       the server keeps its state in both failures.
#
# Trace:
#   running {:error, {:unknown_system_msg, {:change_code, :mod, 1, :upgrade}}}
#   upgrade :ok
#   state_after_upgrade {:v2, 1}
#   refuse {:error, :refused}
#   crash {:error, {:EXIT, {%RuntimeError{message: "cannot"}, :stacktrace}}}
#   state_kept {:v2, 1}
#   resume :ok
#   call_after {:v2, 1}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Upgradable do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, s), do: {:reply, s, s}
  def code_change(_old, s, :upgrade), do: {:ok, {:v2, s}}
  def code_change(_old, _s, :refuse), do: :refused
  def code_change(_old, _s, :crash), do: raise("cannot")
end

defmodule Conf426 do
  def run do
    {:ok, pid} = GenServer.start_link(Upgradable, 1)
    T.name(pid, :server)
    T.p("running", :sys.change_code(pid, :mod, 1, :upgrade, 1000))
    :ok = :sys.suspend(pid, 1000)
    T.p("upgrade", :sys.change_code(pid, :mod, 1, :upgrade, 1000))
    T.p("state_after_upgrade", :sys.get_state(pid, 1000))
    T.p("refuse", :sys.change_code(pid, :mod, 1, :refuse, 1000))
    T.p("crash", :sys.change_code(pid, :mod, 1, :crash, 1000))
    T.p("state_kept", :sys.get_state(pid, 1000))
    T.p("resume", :sys.resume(pid, 1000))
    T.p("call_after", GenServer.call(pid, :get))
  end
end

T.start()
Conf426.run()
T.done()
