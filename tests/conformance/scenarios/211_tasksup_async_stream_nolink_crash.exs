# 211 tasksup_async_stream_nolink_crash
# Rule: async_stream_nolink under a Task.Supervisor: a raise, an exit and a killed
#       timeout each give {:exit, {input, reason}} (zip_input_on_exit) in order and the
#       non-trapping consumer lives on; the
#       supervisor survives and keeps no task; with on_timeout :exit the consumer exits
#       {:timeout, {Task.Supervised, :stream, [t]}}.
# Trace: results [{:ok, 2}, {:exit, {:raise, ...}}, {:exit, {:exit, :bye}},
#        {:exit, {:slow, :timeout}}, {:ok, 10}], alive true, children [], timeout exit
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf211 do
  def work(:raise), do: raise("boom")
  def work(:exit), do: exit(:bye)
  def work(:slow), do: Process.sleep(:infinity)
  def work(n), do: n * 2

  def run do
    {:ok, sup} = Task.Supervisor.start_link()
    T.name(sup, :sup)

    results =
      Task.Supervisor.async_stream_nolink(sup, [1, :raise, :exit, :slow, 5], &work/1,
        timeout: 100,
        on_timeout: :kill_task,
        zip_input_on_exit: true
      )
      |> Enum.to_list()

    T.p("results", results)
    T.p("alive", Process.alive?(self()))
    Process.sleep(50)
    T.p("children", Task.Supervisor.children(sup))

    try do
      Task.Supervisor.async_stream_nolink(sup, [:slow], &work/1, timeout: 100)
      |> Enum.to_list()

      T.say("stream returned")
    catch
      :exit, reason -> T.p("timeout_exit", reason)
    end

    Process.sleep(50)
    T.p("sup_alive", Process.alive?(sup))
    T.p("children_end", Task.Supervisor.children(sup))
    T.flush()
  end
end

T.start()
Conf211.run()
T.done()
