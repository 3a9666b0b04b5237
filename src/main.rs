fn main() {
    println!("fieldvault: under construction");
}
