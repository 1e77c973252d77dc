# 439 gs_second_reply
# Checks: GenServer.call monitors the server with an alias that lives until the caller
#         has taken the reply and demonitored (OTP 25's gen:call, {alias, demonitor}):
#         a second reply the server sends before then (reply/2 and also {:reply, ...})
#         stays in the caller's mailbox; a reply sent after the caller gave up
#         (timeout) and one sent after it took its answer are dropped.
# Expected: call -> :first; the mailbox then holds the :second reply and nothing else;
#           a late reply after a timeout and a reply to an answered call leave nothing.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Twice do
  use GenServer
  def init(s), do: {:ok, s}

  def handle_call(:double, from, s) do
    GenServer.reply(from, :first)
    {:reply, :second, s}
  end

  def handle_call(:park, from, _s), do: {:noreply, from}
  def handle_call(:parked, _from, from), do: {:reply, from, from}
  def handle_call(:ping, from, _s), do: {:reply, :pong, from}
  def handle_call(:last_from, _from, from), do: {:reply, from, from}
end

defmodule Scenario do
  def mailbox(acc) do
    receive do
      {_tag, value} -> mailbox([value | acc])
      other -> mailbox([other | acc])
    after
      0 -> Enum.reverse(acc)
    end
  end

  def run do
    {:ok, s} = GenServer.start_link(Twice, nil)
    T.name(s, :server)
    T.p("call", GenServer.call(s, :double))
    Process.sleep(50)
    T.p("mailbox", mailbox([]))

    try do
      GenServer.call(s, :park, 50)
    catch
      :exit, reason -> T.p("park", reason)
    end

    from = GenServer.call(s, :parked)
    T.p("late_reply", GenServer.reply(from, :late))
    Process.sleep(50)
    T.p("mailbox_after_late", mailbox([]))

    T.p("ping", GenServer.call(s, :ping))
    answered = GenServer.call(s, :last_from)
    T.p("reply_to_answered", GenServer.reply(answered, :again))
    Process.sleep(50)
    T.p("mailbox_after_answered", mailbox([]))
  end
end

T.start()
Scenario.run()
T.done()
