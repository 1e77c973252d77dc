# 004 pair_message_order
#
# Rule: messages from one sender to one receiver arrive in the order they were sent.
#       With two concurrent senders each sender's stream stays in order (how the two
#       streams interleave is not specified and not checked).
#
# Trace:
#   single_in_order true
#   a_in_order true
#   b_in_order true
#   count 400
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf004 do
  @n 200

  def sender(to, tag), do: spawn(fn -> Enum.each(1..@n, &send(to, {tag, &1})) end)

  def collect(0, acc), do: Enum.reverse(acc)

  def collect(k, acc) do
    receive do
      {tag, i} when tag in [:n, :a, :b] -> collect(k - 1, [{tag, i} | acc])
    end
  end

  def numbers(got, tag), do: for({^tag, i} <- got, do: i)

  def run do
    sender(self(), :n)
    T.p("single_in_order", numbers(collect(@n, []), :n) == Enum.to_list(1..@n))

    sender(self(), :a)
    sender(self(), :b)
    got = collect(2 * @n, [])
    T.p("a_in_order", numbers(got, :a) == Enum.to_list(1..@n))
    T.p("b_in_order", numbers(got, :b) == Enum.to_list(1..@n))
    T.p("count", length(got))
  end
end

T.start()
Conf004.run()
T.done()
