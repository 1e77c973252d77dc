# 455 proc_lib_no_ack
# Rule: a child that ends normally without init_ack: proc_lib.start (a monitor) returns
#       {:error, :normal} at once; proc_lib.start_link (OTP 25: the link only) gives a
#       starter that traps exits {:error, :normal} and leaves no EXIT, and leaves one that
#       does not trap exits waiting until its timeout: {:error, :timeout}.
# Trace: start {:error, :normal}, start_link_trapping {:error, :normal}, left [],
#        start_link_not_trapping {:error, :timeout}
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf455 do
  def quits, do: :ok

  def run do
    T.p("start", :proc_lib.start(__MODULE__, :quits, [], 1000))

    parent = self()

    spawn(fn ->
      Process.flag(:trap_exit, true)
      r = :proc_lib.start_link(__MODULE__, :quits, [], 1000)
      Process.sleep(50)
      left = for _ <- 1..3, m = (receive do m -> m after 0 -> nil end), m != nil, do: m
      send(parent, {:trapping, r, left})
    end)

    receive do
      {:trapping, r, left} ->
        T.p("start_link_trapping", r)
        T.p("left", left)
    end

    T.p("start_link_not_trapping", :proc_lib.start_link(__MODULE__, :quits, [], 200))
  end
end

T.start()
Conf455.run()
T.done()
