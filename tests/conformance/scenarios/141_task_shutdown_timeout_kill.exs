# 141 task_shutdown_timeout_kill
# Rule: Task.shutdown(task, timeout) sends :shutdown, and kills a task that has not
#       ended when the timeout passes: the result is then {:exit, :killed}; a task that
#       replied while trapping is read as {:ok, v}. yield(task, 0) polls.
# Trace: poll nil, stubborn {:exit, :killed}, replied_then_trapped {:ok, :answer}
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf141 do
  def run do
    main = self()

    stubborn =
      Task.async(fn ->
        Process.flag(:trap_exit, true)
        send(main, :ready)
        Process.sleep(:infinity)
      end)

    T.name(stubborn.pid, :stubborn)
    receive do: (:ready -> :ok)
    T.p("poll", Task.yield(stubborn, 0))
    T.p("stubborn", Task.shutdown(stubborn, 50))

    answered =
      Task.async(fn ->
        Process.flag(:trap_exit, true)
        send(main, :ready)
        receive do: ({:EXIT, _, :shutdown} -> Process.sleep(:infinity))
      end)

    T.name(answered.pid, :answered)
    receive do: (:ready -> :ok)
    send(main, {answered.ref, :answer})
    T.p("replied_then_trapped", Task.shutdown(answered, 50))
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf141.run()
T.done()
