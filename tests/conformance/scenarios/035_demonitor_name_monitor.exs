# 035 demonitor_name_monitor
#
# Rule: a monitor taken on a registered name is listed by Process.info as
#       {:process, {name, node}} and is removed by demonitor like any other:
#       demonitor(ref, [:info]) returns true, no DOWN arrives when the process later
#       exits, and a second demonitor(ref, [:info]) returns false.
#
# Trace:
#   monitors {:monitors, [{:process, {:svc, :nonode@nohost}}]}
#   demonitor_info true
#   monitors_after {:monitors, []}
#   svc_down :bye
#   mailbox :empty
#   demonitor_again false
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf035 do
  def run do
    svc = T.name(spawn(fn -> receive do: (:stop -> exit(:bye)) end), :svc_pid)
    true = Process.register(svc, :svc)
    mref = T.name(Process.monitor(:svc), :mref)
    T.p("monitors", Process.info(self(), :monitors))
    T.p("demonitor_info", Process.demonitor(mref, [:info]))
    T.p("monitors_after", Process.info(self(), :monitors))
    send(:svc, :stop)
    T.p("svc_down", T.wait_down(svc))
    Process.sleep(50)
    T.flush()
    T.p("demonitor_again", Process.demonitor(mref, [:info]))
  end
end

T.start()
Conf035.run()
T.done()
