# 137 async_stream_lazy_input
# Rule: the stream reads its input only as results are taken: max_concurrency items
#       first, then one more each time a result is taken (the consumer sees result n
#       before item n + max_concurrency is read); nothing is read before it is run.
# Trace: built (no read), then read 1, read 2, got 1, read 3, got 2, read 4, got 3,
#        read 5, got 4, got 5
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf137 do
  def run do
    input = Stream.map(1..5, fn x -> T.p("read", x); x end)

    stream =
      Task.async_stream(input, fn x -> Process.sleep(x * 50); x end, max_concurrency: 2)

    T.say("built")
    Enum.each(stream, fn {:ok, x} -> T.p("got", x) end)
    T.flush()
  end
end

T.start()
Conf137.run()
T.done()
