fn main() {
    println!("narrascope");
}
