# 136 async_stream_unordered_timeouts
# Rule: ordered: false emits results as tasks finish, a killed timeout ({:exit, :timeout})
#       when it is killed; ordered: true holds finished results back behind a slower
#       earlier input (head-of-line) and emits them in input order.
# Trace: unordered [{:ok, 20}, {:ok, 40}, {:ok, 60}, {:exit, :timeout}],
#        ordered [{:exit, :timeout}, {:ok, 20}, {:ok, 60}, {:ok, 40}], mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf136 do
  def work(:slow), do: Process.sleep(:infinity)

  def work(ms) do
    Process.sleep(ms)
    ms
  end

  def run do
    input = [:slow, 20, 60, 40]

    T.p(
      "unordered",
      input
      |> Task.async_stream(&work/1,
        ordered: false,
        timeout: 100,
        on_timeout: :kill_task,
        max_concurrency: 4
      )
      |> Enum.to_list()
    )

    T.p(
      "ordered",
      input
      |> Task.async_stream(&work/1, timeout: 100, on_timeout: :kill_task, max_concurrency: 4)
      |> Enum.to_list()
    )

    T.flush()
  end
end

T.start()
Conf136.run()
T.done()
