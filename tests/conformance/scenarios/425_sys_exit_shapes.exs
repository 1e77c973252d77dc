# 425 sys_exit_shapes
#
# Rule: a sys function that cannot get its answer exits the caller with
#       {reason, {:sys, function, args}}: :noproc for a dead pid or a name nobody
#       holds, :timeout for a process that never answers, the process's own reason
#       when it dies first, :calling_self for oneself; args are the arguments given,
#       timeout last; replace_state's "function" is {:replace_state, fun} (OTP's
#       own quirk). The caller's mailbox is left empty.
#
# Trace:
#   get_state {:noproc, {:sys, :get_state, [:dead, 100]}}
#   replace_state {:noproc, {:sys, {:replace_state, :fun}, [:dead, 100]}}
#   get_status {:noproc, {:sys, :get_status, [:dead, 100]}}
#   suspend {:noproc, {:sys, :suspend, [:dead, 100]}}
#   resume {:noproc, {:sys, :resume, [:dead, 100]}}
#   statistics {:noproc, {:sys, :statistics, [:dead, :get, 100]}}
#   trace {:noproc, {:sys, :trace, [:dead, true, 100]}}
#   change_code {:noproc, {:sys, :change_code, [:dead, :mod, 1, :extra, 100]}}
#   terminate {:noproc, {:sys, :terminate, [:dead, :normal, :infinity]}}
#   by_name {:noproc, {:sys, :get_state, [:nobody, 100]}}
#   silent {:timeout, {:sys, :get_state, [:silent, 50]}}
#   dies {:gone, {:sys, :get_status, [:dies, 1000]}}
#   self {:calling_self, {:sys, :get_state, [:main, 100]}}
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf425 do
  def caught(label, fun) do
    try do
      T.p(label <> "_returned", fun.())
    catch
      :exit, reason -> T.p(label, reason)
    end
  end

  def run do
    dead = spawn(fn -> :ok end)
    T.name(dead, :dead)
    T.wait_down(dead)
    caught("get_state", fn -> :sys.get_state(dead, 100) end)
    caught("replace_state", fn -> :sys.replace_state(dead, fn s -> s end, 100) end)
    caught("get_status", fn -> :sys.get_status(dead, 100) end)
    caught("suspend", fn -> :sys.suspend(dead, 100) end)
    caught("resume", fn -> :sys.resume(dead, 100) end)
    caught("statistics", fn -> :sys.statistics(dead, :get, 100) end)
    caught("trace", fn -> :sys.trace(dead, true, 100) end)
    caught("change_code", fn -> :sys.change_code(dead, :mod, 1, :extra, 100) end)
    caught("terminate", fn -> :sys.terminate(dead, :normal, :infinity) end)
    caught("by_name", fn -> :sys.get_state(:nobody, 100) end)
    silent = spawn(fn -> receive do: (:never -> :ok) end)
    T.name(silent, :silent)
    caught("silent", fn -> :sys.get_state(silent, 50) end)
    dies = spawn(fn -> receive do: (_ -> exit(:gone)) end)
    T.name(dies, :dies)
    caught("dies", fn -> :sys.get_status(dies, 1000) end)
    caught("self", fn -> :sys.get_state(self(), 100) end)
    Process.exit(silent, :kill)
    T.flush()
  end
end

T.start()
Conf425.run()
T.done()
