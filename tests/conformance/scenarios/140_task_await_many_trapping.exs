# 140 task_await_many_trapping
# Rule: a trapping caller survives a task's crash: await_many exits with that task's
#       reason as soon as it crashes, and the task's {:EXIT, ...} stays in the caller's
#       mailbox; the still-running task can then be shut down (nil).
# Trace: await_many_exit {:boom, {Task, :await_many, [[{:task, :t1}, {:task, :t2}], 5000]}},
#        shutdown_t1 nil, mailbox {:EXIT, :t2, :boom}
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf140 do
  def run do
    Process.flag(:trap_exit, true)
    t1 = Task.async(fn -> Process.sleep(:infinity) end)
    t2 = Task.async(fn -> Process.sleep(30); exit(:boom) end)
    T.name(t1.pid, :t1)
    T.name(t2.pid, :t2)

    try do
      Task.await_many([t1, t2])
    catch
      :exit, reason -> T.p("await_many_exit", reason)
    end

    T.p("shutdown_t1", Task.shutdown(t1))
    Process.sleep(20)
    T.flush()
  end
end

T.start()
Conf140.run()
T.done()
