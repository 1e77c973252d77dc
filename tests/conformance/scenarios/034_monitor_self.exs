# 034 monitor_self
#
# Rule: a process may call Process.monitor(self()): it gets a reference but no
#       monitor is created (a process cannot outlive itself): Process.info shows no
#       monitor, demonitor(ref, [:info]) returns false and no message ever arrives.
#
# Trace:
#   is_reference true
#   monitors {:monitors, []}
#   demonitor_info false
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf034 do
  def run do
    mref = Process.monitor(self())
    T.p("is_reference", is_reference(mref))
    T.p("monitors", Process.info(self(), :monitors))
    T.p("demonitor_info", Process.demonitor(mref, [:info]))
    Process.sleep(50)
    T.flush()
  end
end

T.start()
Conf034.run()
T.done()
