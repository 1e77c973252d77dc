# 051 poll_after_zero
#
# Rule: a process that polls its mailbox in a loop with `receive ... after 0` does
#       not keep the others from running: the process it sent a request to gets to
#       run, its reply arrives and the loop ends. (How many polls that takes varies
#       and is not printed; the loop gives up after @limit polls so that a runtime
#       that never lets the replier run fails instead of hanging.)
#
# Trace:
#   reply {:pong, 1}
#   reply {:pong, 2}
#   mailbox :empty
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf051 do
  @limit 100_000

  def poll(n) when n >= @limit, do: :gave_up

  def poll(n) do
    receive do
      {:reply, x} -> x
    after
      0 -> poll(n + 1)
    end
  end

  def replier do
    spawn(fn ->
      receive do: ({:req, from, i} -> send(from, {:reply, {:pong, i}}))
    end)
  end

  def run do
    # the replier may not have run yet when the loop starts
    send(replier(), {:req, self(), 1})
    T.p("reply", poll(0))

    # a reply that comes through a second process
    main = self()
    r = replier()
    spawn(fn -> send(r, {:req, main, 2}) end)
    T.p("reply", poll(0))

    T.flush()
  end
end

T.start()
Conf051.run()
T.done()
