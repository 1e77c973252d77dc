# 047 selective_receive_keeps_order
#
# Rule: several selective receives in a row, each taking a message from the middle
#       of the mailbox, leave all the other messages in their original relative
#       order; a guard pattern takes the oldest message satisfying it.
#
# Trace:
#   first :y
#   second :x
#   third 3
#   mailbox 1
#   mailbox 2
#   mailbox :z
#   mailbox 4
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf047 do
  def run do
    Enum.each([1, :x, 2, :y, 3, :z, 4], &send(self(), &1))
    receive do: (:y -> T.p("first", :y))
    receive do: (:x -> T.p("second", :x))
    receive do: (n when is_integer(n) and n > 2 -> T.p("third", n))
    T.flush()
  end
end

T.start()
Conf047.run()
T.done()
