# 002 selective_receive
#
# Rule: a receive with a pattern takes the OLDEST queued message that matches it;
#       messages that do not match are left in the mailbox in their arrival order.
#
# Trace:
#   recv_b {:b, 1}
#   recv :a
#   recv :c
#   recv {:b, 2}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf002 do
  def run do
    Enum.each([:a, {:b, 1}, :c, {:b, 2}], &send(self(), &1))

    receive do
      {:b, _} = first_b -> T.p("recv_b", first_b)
    end

    Enum.each(1..3, fn _ ->
      receive do
        any -> T.p("recv", any)
      end
    end)
  end
end

T.start()
Conf002.run()
T.done()
