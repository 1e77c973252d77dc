# 135 async_stream_zip_input
# Rule: zip_input_on_exit: true puts the input into exit results, for a crash
#       ({:exit, {input, reason}}, seen by a trapping consumer) and for a killed timeout
#       ({:exit, {input, :timeout}}); {:ok, v} results are unchanged.
# Trace: results [{:ok, 1}, {:exit, {:bad, :boom}}, {:exit, {:slow, :timeout}}, {:ok, 4}],
#        plain [{:exit, :boom}], mailbox :empty
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf135 do
  def work(:bad), do: exit(:boom)
  def work(:slow), do: Process.sleep(:infinity)
  def work(n), do: n

  def run do
    Process.flag(:trap_exit, true)

    results =
      [1, :bad, :slow, 4]
      |> Task.async_stream(&work/1,
        zip_input_on_exit: true,
        timeout: 50,
        on_timeout: :kill_task,
        max_concurrency: 4
      )
      |> Enum.to_list()

    T.p("results", results)
    T.p("plain", [:bad] |> Task.async_stream(&work/1) |> Enum.to_list())
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf135.run()
T.done()
