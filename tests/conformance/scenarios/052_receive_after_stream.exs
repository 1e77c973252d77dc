# 052 receive_after_stream
#
# Rule: a receive with an `after` timeout, run in a loop while another process
#       sends a stream of messages, takes every message exactly once and in send
#       order: a message arriving while the receiver waits ends the wait, and a
#       timeout, fired or not, leaves nothing behind and loses nothing. Three loops:
#       a timeout that never fires during the stream (1000 ms); an `after 0` poll
#       before each blocking wait; a 1 ms timeout that fires again and again while
#       the sender pauses 2 ms after every 100 messages (how often it fires varies
#       and is not printed; the loop gives up after @limit timeouts).
#
# Trace:
#   count 2000
#   sum 2001000
#   first 1
#   last 2000
#   in_order true
#   count 2000
#   sum 2001000
#   first 1
#   last 2000
#   in_order true
#   count 2000
#   sum 2001000
#   first 1
#   last 2000
#   in_order true
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf052 do
  @n 2000
  @limit 10_000

  def sender(to), do: spawn(fn -> Enum.each(1..@n, &send(to, {:n, &1})) end)

  def pausing_sender(to) do
    spawn(fn ->
      Enum.each(1..@n, fn i ->
        send(to, {:n, i})
        if rem(i, 100) == 0, do: Process.sleep(2)
      end)
    end)
  end

  # blocking waits with a timeout that does not fire while the stream lasts
  def take(acc) do
    receive do
      {:n, i} -> if i == @n, do: Enum.reverse([i | acc]), else: take([i | acc])
    after
      1000 -> Enum.reverse([:timeout | acc])
    end
  end

  # an `after 0` poll first; when it finds nothing, a blocking wait
  def take_polling(acc) do
    receive do
      {:n, i} -> next_polling(i, acc)
    after
      0 ->
        receive do
          {:n, i} -> next_polling(i, acc)
        after
          1000 -> Enum.reverse([:timeout | acc])
        end
    end
  end

  def next_polling(i, acc) do
    if i == @n, do: Enum.reverse([i | acc]), else: take_polling([i | acc])
  end

  # a short timeout that fires during the sender's pauses; the loop just goes on
  def take_retrying(acc, timeouts) do
    receive do
      {:n, i} ->
        if i == @n, do: Enum.reverse([i | acc]), else: take_retrying([i | acc], timeouts)
    after
      1 ->
        if timeouts < @limit,
          do: take_retrying(acc, timeouts + 1),
          else: Enum.reverse([:gave_up | acc])
    end
  end

  def report(got) do
    T.p("count", length(got))
    T.p("sum", Enum.sum(for i <- got, is_integer(i), do: i))
    T.p("first", List.first(got))
    T.p("last", List.last(got))
    T.p("in_order", got == Enum.to_list(1..@n))
  end

  def run do
    sender(self())
    report(take([]))
    sender(self())
    report(take_polling([]))
    pausing_sender(self())
    report(take_retrying([], 0))
    Process.sleep(50)
    T.flush()
  end
end

T.start()
Conf052.run()
T.done()
