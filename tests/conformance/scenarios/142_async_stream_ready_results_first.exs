# 142 async_stream_ready_results_first
# Checks: an ordered async_stream hands over every result that is already waiting (finished
#         behind a slower first item) before it reads the next input for a new task; while
#         it waits for the head it keeps max_concurrency tasks busy. So a consumer that
#         stops after the ready results never makes the stream read further.
# Expected: reads 0..4 before the first result; results 1-3 follow without a read; 5 is
#           read only once the ready ones are out; with take(2), input 3 is never read
Code.require_file("../support/trace.exs", __DIR__)

defmodule Scenario do
  def work({_i, ms}) do
    Process.sleep(ms)
    ms
  end

  def input(label, items) do
    items
    |> Enum.with_index()
    |> Stream.map(fn {ms, i} ->
      T.p(label, i)
      {i, ms}
    end)
  end

  def run do
    input("read", [200, 20, 50, 80, 300, 10])
    |> Task.async_stream(&work/1, max_concurrency: 2)
    |> Enum.each(fn {:ok, ms} -> T.p("got", ms) end)

    taken =
      input("read_take", [200, 20, 500, 10])
      |> Task.async_stream(&work/1, max_concurrency: 2)
      |> Enum.take(2)

    T.p("taken", taken)
    Process.sleep(600)
    T.flush()
  end
end

T.start()
Scenario.run()
T.done()
