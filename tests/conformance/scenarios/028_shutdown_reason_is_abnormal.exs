# 028 shutdown_reason_is_abnormal
#
# Rule: at the process layer only :normal is harmless: a linked process exiting with
#       :shutdown or {:shutdown, term} kills a non-trapping linked process with that
#       same reason (the special treatment of :shutdown lives in OTP behaviours).
#
# Trace:
#   parent1_down :shutdown
#   parent2_down {:shutdown, :bye}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf028 do
  def parent_dies_with(reason, label) do
    parent =
      spawn(fn ->
        spawn_link(fn -> exit(reason) end)
        Process.sleep(:infinity)
      end)

    T.name(parent, label)
    T.wait_down(parent, 1000)
  end

  def run do
    T.p("parent1_down", parent_dies_with(:shutdown, :parent1))
    T.p("parent2_down", parent_dies_with({:shutdown, :bye}, :parent2))
  end
end

T.start()
Conf028.run()
T.done()
