# 451 gs_start_link_death_before_ack
# Rule: proc_lib's start_link waits for the ack or the child's {:EXIT, pid, reason}: a
#       trapping caller whose server dies before acknowledging gets {:error, reason} and
#       no EXIT is left in its mailbox; a server that acknowledges and then exits (init
#       returns {:stop, r}) leaves its EXIT there.
# Trace: killed -> {:error, :killed}, mailbox empty; a linked child's crash during init
#        -> {:error, :boom}, mailbox empty; {:stop, :bad} -> {:error, :bad}, then the
#        {:EXIT, _, :bad} message.
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf451 do
  use GenServer

  def init(:kill_self), do: Process.exit(self(), :kill)

  def init(:child_crashes) do
    spawn_link(fn -> exit(:boom) end)

    receive do
      :never -> {:ok, nil}
    end
  end

  def init(:stop), do: {:stop, :bad}

  def run do
    Process.flag(:trap_exit, true)
    T.p("kill_self", GenServer.start_link(__MODULE__, :kill_self))
    Process.sleep(50)
    T.flush()
    T.p("child_crashes", GenServer.start_link(__MODULE__, :child_crashes))
    Process.sleep(50)
    T.flush()
    T.p("stop", GenServer.start_link(__MODULE__, :stop))
    Process.sleep(50)
    T.flush()
  end
end

T.start()
Conf451.run()
T.done()
