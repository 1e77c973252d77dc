# 457 gs_multi_call_timeout_helper
# Rule: GenServer.multi_call with a finite timeout makes its calls from a helper process
#       (OTP 25): the server sees the helper, not the caller, in `from`, with a
#       {ref, node} tag; a second answer to the same call reaches nobody; and a caller
#       that multi-calls a name it holds itself waits out the timeout, its own request
#       left in its mailbox.
# Trace: from is the helper with a tuple tag; :first answered, nothing else arrives;
#        the self call gives {[], [node]} after the whole timeout.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Answerer do
  use GenServer
  def init(main), do: {:ok, main}

  def handle_call(:who_asks, {pid, tag}, main) do
    {:reply, %{caller: pid == main, ref_tag: is_reference(tag), tuple_tag: is_tuple(tag)}, main}
  end

  def handle_call(:answer_twice, from, main) do
    GenServer.reply(from, :first)
    {:reply, :second, main}
  end
end

defmodule Conf457 do
  def run do
    main = self()
    {:ok, _} = GenServer.start(Answerer, main, name: :answerer)
    T.p("who_asks", GenServer.multi_call([node()], :answerer, :who_asks, 1000))
    T.p("answer_twice", GenServer.multi_call([node()], :answerer, :answer_twice, 1000))
    Process.sleep(50)
    T.flush()
    Process.register(main, :me)
    started = System.monotonic_time(:millisecond)
    T.p("self_call", GenServer.multi_call([node()], :me, :hello, 200))
    T.p("waited_the_timeout", System.monotonic_time(:millisecond) - started >= 200)
    T.flush()
  end
end

T.start()
Conf457.run()
T.done()
